<?php return [
    'database_password' => 'Datenbank Passwort',
];
