package dev.quarry.api.catalogue;

/** What a key may do in its knowledge base; each role includes the ones before it. */
public enum Role {
  /** Search, ask, read documents. */
  READER,
  /** + upload, replace and delete documents. */
  WRITER,
  /** + rename or delete the knowledge base, create and revoke its keys. */
  ADMIN;

  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }
}
