    "Facebook" => array(
        "enabled" => true,
        "keys" => array("id" => "919061037173071", "secret" => "19731fb38d38da72f8f74ef08e522ada"),
    ),
      'flickr.png' => 'c45c673afa333c41bdb2c19eb21a2cd0',
            'e-token' => '3e9a252e7eb9d363691f601914a4be06',
$mail->Password = "your password";
our $user_passwd_min = "!!RT_USER_PASSWD_MIN!!";
    var password1_sel = "#new_password1";
                SET lost_password_request_count=lost_password_request_count+1
  $url = "buglist.cgi?cmdtype=dorem&remaction=forget&token=4953804360-b149d186f23d4e77beda8f818ca137d2";
