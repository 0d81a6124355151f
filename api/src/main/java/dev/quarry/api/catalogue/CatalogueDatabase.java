package dev.quarry.api.catalogue;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which database holds the catalogue: PostgreSQL (which several servers may share) or H2. */
@ApplicationScoped
public class CatalogueDatabase {

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  /** Whether the catalogue is on PostgreSQL, where other servers may share it. */
  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }
}
