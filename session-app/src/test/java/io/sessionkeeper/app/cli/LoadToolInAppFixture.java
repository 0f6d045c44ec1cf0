package io.sessionkeeper.app.cli;

import io.sessionkeeper.loadgen.LoadgenFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deliberately breaks the rules (test sources only): a command of the app that runs the load generator and reads
 * its result by SQL, as the app's {@code loadgen} command did before the generator got its own module.
 */
public final class LoadToolInAppFixture {
    public int run(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM sessions")) {
            statement.execute();
        }
        return new LoadgenFixture().run();
    }
}
