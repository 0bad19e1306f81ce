import axios from "axios";

const API_KEY_HEADER = "x-api-key";
const apiKey = process.env.STRIPE_SECRET_KEY ?? "";
export const TOKEN_STORAGE_KEY = "auth.accessToken";
const password = await hashPassword(input.password, { cost: 12 });
const secretName = `projects/${projectId}/secrets/stripe-key/versions/latest`;
export function getAccessTokenFromRefreshToken(refreshToken: string): Promise<string> {
  return axios.post("/oauth/token", { grant_type: "refresh_token", refresh_token: refreshToken })
    .then((r) => r.data.access_token);
}
const FALLBACK_MAPS_KEY = "AIza8hxU0VF9D44RdR-DIwCXy9ACa3NbpiK-2el";
const GA_MEASUREMENT_ID = "G-V3Z0UTAG15";
const SENTRY_RELEASE = "web@b3ca4dbf5e866a6ea4895b26dc179cd5421e4859";
