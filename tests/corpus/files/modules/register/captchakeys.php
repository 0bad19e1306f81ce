<?php
$sitekey = "6Lc4O7BpkHR1CJ16aCND177XSfAHerj9l5ZyKBK1"; // from http://www.google.com/recaptcha/admin
$secretkey = "6LcZOWEZIN9R77GDYfXjTIlij9GSggD6MfsFmoMY";
