provider "aws" {
  region = var.region
}

resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "orders"
  password       = var.db_password
}

resource "aws_db_instance" "legacy" {
  engine   = "mysql"
  username = "admin"
  password = "Lar6Uqw-y6~fiXyrFS"
}

resource "aws_db_instance" "reporting" {
  identifier              = "reporting"
  instance_class          = "db.r6g.large"
  master_username         = "reporter"
  master_password         = "dUG0DX#0A.76i4IVCdGe"
  backup_retention_period = 7
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = random_password.api.result
}

resource "aws_instance" "bastion" {
  ami           = "ami-0c55b159cbfafe1f0"
  subnet_id     = "subnet-0bb1c79de3ef45a21"
}

resource "aws_key_pair" "deployer" {
  key_name   = "deployer"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL35FUMyPMh0UaLkxxE0uzwwMiis2vwwPdLBD5l6Agy8 deployer@acme"
}

provider "datadog" {
  api_key = data.aws_ssm_parameter.dd_api_key.value
  app_key = "cc4a417f8b95d19c8842441dd550b51491b33c6c"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
# kms: arn:aws:kms:eu-west-1:123456789012:key/d8f6d37b-1869-4c90-88d3-e6ede9f1caf6
