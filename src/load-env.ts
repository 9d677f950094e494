import dotenv from "dotenv";

// dotenv ≥ 17 prints a banner on stdout unless told not to; stdout belongs to CLI output (`ask --json`).
dotenv.config({ quiet: true });
