publishing {
    repositories {
        maven {
            url = uri("https://nexus.acme-corp.io/repository/maven-releases/")
            credentials(PasswordCredentials::class) {
                username = "sdk-publisher"
                password = "9cBQnpVXCtTs6uol24MrNroHA8ZePOvi"
            }
        }
        maven {
            url = uri("https://maven.pkg.github.com/acme/sdk")
            credentials {
                username = project.findProperty("gpr.user") as String?
                password = "$githubPackagesToken"
            }
        }
    }
}
