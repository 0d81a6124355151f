package dev.quarry.api;

import dev.quarry.api.testing.PostgresAvailable;
import dev.quarry.api.testing.PostgresProfile;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The re-index specification of {@link ReindexApiTest} on a PostgreSQL catalogue: the V5 migration,
 * the conditional claims and the switch's row lock run on the production database.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@WithTestResource(TempDataDir.class)
@ExtendWith(PostgresAvailable.class)
class PostgresReindexApiTest extends ReindexApiTest {}
