package com.acme.sso;

final class Keys {
    static final String SIGNING_KEY = "-----BEGIN RSA PRIVATE KEY-----\n" +
        "MIIEpAIBAAKCAQEA7XdkAqiMzR0lDsxlEQNm3nsFj7DqebAOTJxCeflY/atFvrOv\n" +
        "ovIKr5c8P1/NlKDNk0WBZTfVEIgAwKqZ3WmHJ4WaDJo5gGRhmqDExiqpcvMkrn0X\n" +
        "JNva0TW8vLlDyelGttYL0yMsXagrmSx18eED+4mv/lW3K9fc7PnI4e8ZDv4ARg+m\n" +
        "NVre/czhkLKTTqqjA7fO2qMkVLqt17G3aBhDKUINIJqzljXr27jb2lrw4GY0zMAn\n" +
        "OYnqyXGWw560wQzjj/GQUvizhejoA1Oqmi90a017WaqiuMQRCqggEe3SyU/oWrUW\n" +
        "yT7FHEPXurvBQJMWUnwYN/StWCBENDQ1BVVfqe42XEiW3HzGeygszh2i3JNxEcH6\n" +
        "OgpDshGqgM+uLtt90Vr+u7B1JzssFIXsrYdwHOAifi0/8ewwKs4zLGd3YqxPUdBs\n" +
        "w904s/+S\n" +
        "-----END RSA PRIVATE KEY-----";
    static final String VERIFY_KEY = "-----BEGIN PUBLIC KEY-----\n" +
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AqkT318Xb6MQ/etemlw/JjasyvnMkxv5B\n" +
        "-----END PUBLIC KEY-----";
}
