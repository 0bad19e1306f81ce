if (import.meta.env.DEV) {
  (self as any).FIREBASE_APPCHECK_DEBUG_TOKEN = "1e24a793-3eb0-4d73-8f8c-660479848962";
}
