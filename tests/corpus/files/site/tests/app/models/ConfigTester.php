        $config = [
            'dbname' => 'submitty',
            'username' => 'submitty_course_dbuser',
            'password' => 'submitty_course_dbpass',
        ];
