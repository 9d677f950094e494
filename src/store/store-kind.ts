/** Which engine holds the store: the embedded file, or a shared server. */
export type StoreKind = "sqlite" | "postgres";
