Session session = Session.getDefaultInstance(props, new javax.mail.Authenticator() {
    protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication("mentor.portal@acme-mail.io", "J9ZhbT8Fq0J!h+");
    }
});
