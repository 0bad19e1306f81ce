{:dev {:env {:database-url "jdbc:postgresql://localhost/app_dev"
              :deploy-api-key "yqnrqtCu9pCGKJVj9Z9Za6auz7F1AKWV"}}
