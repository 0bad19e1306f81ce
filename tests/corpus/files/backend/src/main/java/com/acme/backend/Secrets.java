package com.acme.backend;

public final class Secrets {
    private Secrets() {}
    private static final String TWINE_PASSWORD = "pypi-AgEIcHlwaS5vcmcx065kJHsN8H_887AkjI33MHsolOs1K-wgvn9NHLVcFcwE4y5prJ2wKsfr5Uje1vkgKL93R620qZ6NFQh79uTJI67VNmxhWtkXTvKcqmCrEGAdHJUJkCE5KRnmT1pVnvDknOWQ8Tdz9p0jqp3FcPkq4g28sPPEbBH";
    private static final String SHOPIFY_ACCESS_TOKEN = "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";
    private static final String API_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtY2podWd4IiwiaXNzIjoiaHR0cHM6Ly9hdXRoLmFjbWUtY29ycC5pbyIsImlhdCI6MTcwOTg1MzY4MCwiZXhwIjoxOTA0MjY0ODU0LCJzY29wZSI6InJlYWQgd3JpdGUifQ.zawcptus57Uo-Y1H874gH5-9Z76a9PqHlWpvIjsmevM";
    private static final String REGION = "eu-west-1";
    private static final String AWS_SESSION_TOKEN = "IQoJb3JpZ2luX2Vjbny/2NfjnnREcNsh5GZzXadUpyxYrWWFz604hsYqMQsa1OWNdUl2DlnPZWw0dDw6jHMJp5zkwEYTn6cv99S9LH36usRT6Ap5uV8oF7J9MTcgwGMKdhRgFegA4j/gdpRxceLIAB0eetSn4JSdXl+jM3d5vaRxH6UneV0NAGeimw6mZrHNkSKwsha577jfLKoF0KrKoq3h8V/5aMW+Oj5sQhJTYaeu1Km6jFISM51OBYp7QapbbKiiZoTpgj33KelQcWwk/q71Jl1j4rEhGJ9IcCx+APwYzacvcu+fQ0fNBByStolhUCp4xQTUXpQOO+bDehpx+zHJybYV38uRIvTO=";
    private static final String VERCEL_TOKEN = "M6n6MPbNuHKC3NFXcytR0pQo";
    private static final String STRIPE_KEY = "sk_live_SD4ff0yApBjz0UJDIryJzG04";
    private static final String AUTH0_CLIENT_SECRET = "vD4CKnlh8dwzEssU54jAkNuFSaPCS60gMlSsjLAmI2nSie5lqfxFsFsPTRXbAnyz";
    private static final String LOG_FORMAT = "json";
    private static final String SEGMENT_WRITE_KEY = "btdw117hTIsUFfTK7Gd5rTX9z5cetTgJ";
    private static final String TF_API_TOKEN = "Ak6jJ6pEDJtdtG.atlasv1.go2PC60PEKft6rGqMcmpVl4zL2UNgPmhVppJtzWGScs_DxpwgbbJBrkG-16hpuxS2Vl";
    private static final String HUBSPOT_ACCESS_TOKEN = "pat-na1-973547b9-d5b8-433c-95c7-43c5b26cb18b";
    private static final String GITHUB_USER_TOKEN = "ghu_FcNqDK7VDRxnMuowOTI4irOjwwSPTp4YbWIX";
}
