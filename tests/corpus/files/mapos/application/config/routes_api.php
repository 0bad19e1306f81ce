$route['api/v1/reGenToken'] = 'api/v1/UsuariosController/reGenToken';
