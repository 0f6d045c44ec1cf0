package io.sessionkeeper.app.cli;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.secrets.SecretRotation;
import io.sessionkeeper.app.config.AppConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Re-encrypts every stored secret with the primary (first) key of the keyring, while instances keep serving; exits
 * 0 once nothing is left under another key (the old keys may then be removed), 1 otherwise. The procedure around
 * it is in docs/persistence.md.
 */
@Command(
        name = "rotate-key",
        mixinStandardHelpOptions = true,
        description =
                "re-encrypt the stored secrets with the first key of SESSION_SECRET_KEY (or the key file) and exit")
final class RotateKeyCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--batch-size",
            defaultValue = "200",
            description = "rows re-encrypted per transaction (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public Integer call() {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be 1-10000");
        }
        AppConfig appConfig = config.load();
        try (PostgresPersistence persistence = PostgresPersistence.open(appConfig.database(), appConfig.secretKeys())) {
            SecretRotation.Result result = persistence.rotateSecrets(batchSize);
            System.out.printf(
                    "re-encrypted %d secret(s) with key %s; stored secrets by key now: %s%n",
                    result.reencrypted(), result.primaryKeyId(), result.after().valuesByKeyId());
            if (result.after().unreadable() > 0) {
                System.out.printf(
                        "%d stored secret(s) cannot be decrypted and were left as they are (see the log for which)%n",
                        result.after().unreadable());
            }
            if (result.complete()) {
                System.out.printf(
                        "done: keys other than %s may now be removed from every instance%n", result.primaryKeyId());
                return 0;
            }
            System.out.printf(
                    "not done: secrets remain under other keys; check that every instance has %s first, then run"
                            + " rotate-key again%n",
                    result.primaryKeyId());
            return 1;
        }
    }
}
