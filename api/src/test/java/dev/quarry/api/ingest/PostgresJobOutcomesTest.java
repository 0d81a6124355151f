package dev.quarry.api.ingest;

import dev.quarry.api.testing.PostgresAvailable;
import dev.quarry.api.testing.PostgresProfile;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link JobOutcomesTest} on a PostgreSQL catalogue: a plain read there, too, would write an older
 * version back over the newer one an upload committed meanwhile (read committed).
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@WithTestResource(TempDataDir.class)
@ExtendWith(PostgresAvailable.class)
class PostgresJobOutcomesTest extends JobOutcomesTest {}
