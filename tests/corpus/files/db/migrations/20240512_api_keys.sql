CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  key_hash char(64) NOT NULL,
  last4 char(4) NOT NULL
);
INSERT INTO api_keys (id, key_hash, last4) VALUES ('cd4f6c5a-3ac5-43a9-94d1-58ee44486a6a', '5d32ff4a19980b51cbed6e1ed17f193af318d4c76f46be8423771b8f404ffbf7', 'Myzp');
INSERT INTO api_keys (id, key_hash, last4) VALUES ('208e833f-c7aa-4673-907d-4e7e9dc79ea2', 'e6d44225ba6476b38365af4f1f93888a3fd8f3cb11580350e34f125805bd2cec', 'sZHw');
INSERT INTO api_keys (id, key_hash, last4) VALUES ('3bc5e828-d077-4d5a-83e9-ea2d0d69c5bd', 'a27344dc90e5a01fc9ff1e8f92d4dcd76bcf925785304e593a7c67b4174de0dd', 'hqQn');
UPDATE users SET password_hash = '$2a$10$bKE1He7R6wIJZaXR90gSS7ItOh7MdMrrRBWcSV0NTUEL51vS1ZoC6' WHERE id = 1;
