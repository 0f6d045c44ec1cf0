package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import io.sessionkeeper.domain.port.in.ManageNasUseCase;
import io.sessionkeeper.domain.port.in.SaveNasCommand;
import io.sessionkeeper.domain.port.out.NasDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** Registration of NAS; every change makes the RADIUS look-up reload at once. */
@Singleton
public final class NasAdminService implements ManageNasUseCase {
    private final NasDirectory directory;
    private final LookupNasUseCase lookup;

    @Inject
    public NasAdminService(NasDirectory directory, LookupNasUseCase lookup) {
        this.directory = directory;
        this.lookup = lookup;
    }

    @Override
    public Nas register(SaveNasCommand command) {
        InvalidValueException.require(command.secret() != null, "secret", "is required");
        Nas nas = toNas(NasId.random(), command, command.secret());
        directory.save(nas);
        lookup.refresh();
        return nas;
    }

    @Override
    public Nas update(NasId id, SaveNasCommand command) {
        Nas current = get(command.tenant(), id);
        Nas nas = toNas(id, command, command.secret() != null ? command.secret() : current.secret());
        directory.save(nas);
        lookup.refresh();
        return nas;
    }

    @Override
    public Nas get(TenantId tenant, NasId id) {
        return directory.findById(tenant, id).orElseThrow(() -> new NotFoundException("NAS", id));
    }

    @Override
    public List<Nas> list(TenantId tenant) {
        return directory.findByTenant(tenant);
    }

    @Override
    public void remove(TenantId tenant, NasId id) {
        if (!directory.delete(tenant, id)) {
            throw new NotFoundException("NAS", id);
        }
        lookup.refresh();
    }

    private static Nas toNas(NasId id, SaveNasCommand command, String secret) {
        return new Nas(
                id,
                command.tenant(),
                command.name(),
                command.ipAddress(),
                secret,
                command.coaPort() != null ? command.coaPort() : Nas.DEFAULT_COA_PORT,
                command.vendor() != null ? command.vendor() : NasVendor.OTHER,
                command.connectionTypeOverride(),
                command.countersReversed(),
                blankToNull(command.identifier()),
                command.proxy());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
