        $this->validate($request, [
            'database_password' => 'required',
        ]);
            'MANDRILL_API_KEY' => $oldMailOtherCredential,
