/** Where "/" and a successful login without a wanted page lead. */
export const DEFAULT_PATH = "/studio";
