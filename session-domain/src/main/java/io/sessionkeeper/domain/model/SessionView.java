package io.sessionkeeper.domain.model;

import java.util.Optional;

/** A session with what the admin wants beside it: its customer (if registered) and its NAS (if still registered). */
public record SessionView(Session session, Customer customer, Nas nas, long durationSeconds) {
    public SessionView {
        InvalidValueException.require(session != null, "session", "must not be null");
    }

    public Optional<Customer> customerValue() {
        return Optional.ofNullable(customer);
    }

    public Optional<Nas> nasValue() {
        return Optional.ofNullable(nas);
    }
}
