    @Value("\${custom.project.jwt.key:default-secret-key-must-be-at-least-32-bytes}") jwtKey: String,
