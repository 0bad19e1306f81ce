package com.acme.backend;

import org.springframework.beans.factory.annotation.Value;

public class PaymentConfig {
    @Value("${stripe.api.key}")
    private String stripeApiKey;
    private final String dbPassword = System.getenv("DB_PASSWORD");
    private static final String SECRET_KEY_PARAM = "secretKey";
    private static final long serialVersionUID = -3042686055658047285L;
    private static final String SENDGRID_KEY = "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";
    private static final String JDBC_URL = "jdbc:postgresql://db.acme-corp.io:5432/pay?user=pay&password=Kf%25!bLL6IkcWMUkD";
}
