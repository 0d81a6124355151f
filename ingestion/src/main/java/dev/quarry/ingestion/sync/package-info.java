/**
 * Folder sync: the way into step 1 of the upload-to-answer flow for a folder that a person keeps
 * editing. {@link dev.quarry.ingestion.sync.FolderScanner} reads the folder ({@link
 * dev.quarry.ingestion.sync.FolderScan}), {@link dev.quarry.ingestion.sync.SyncPlan} compares it
 * with the knowledge base's documents ({@link dev.quarry.ingestion.sync.KnownDocument}) and says
 * what to add, update, rename and delete. The command line ({@code ./quarry sync}) and the server's
 * polled folders carry out the same plan, each through its own door (HTTP, or the server's upload
 * service).
 */
package dev.quarry.ingestion.sync;
