package dev.quarry.api;

import dev.quarry.api.testing.PostgresAvailable;
import dev.quarry.api.testing.PostgresProfile;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conversation contract ({@link ConversationApiTest}) on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@WithTestResource(TempDataDir.class)
@ExtendWith(PostgresAvailable.class)
class PostgresConversationApiTest extends ConversationApiTest {}
