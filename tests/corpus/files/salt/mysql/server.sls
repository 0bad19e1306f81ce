{%   set debconf_root_password = 'percona-server-server-5.7/root-pass' %}
