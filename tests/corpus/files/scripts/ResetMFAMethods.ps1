    $body = @{ "Password" = "#microsoft.graph.passwordAuthenticationMethod"; }
$AzureApplicationId = "00000002-0000-0ff1-ce00-000000000000"
