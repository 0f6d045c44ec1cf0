package io.sessionkeeper.adapter.persistence;

/**
 * What an operator sees of the accounting units' memory of the sessions they wrote (ADR 57), read at scrape time.
 */
public interface AccountingMemory {
    /** Sessions remembered now. */
    int sessions();

    /** Session keys answered from memory instead of a read, since the start. */
    long hits();

    /** Units done again from the rows because a remembered session had changed in the database, since the start. */
    long outdatedUnits();
}
