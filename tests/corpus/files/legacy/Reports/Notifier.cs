using System.DirectoryServices;
using System.Net;
using System.Net.Mail;

namespace Acme.Reports
{
    public static class Notifier
    {
        static SmtpClient Client() => new SmtpClient("smtp.acme-corp.io", 587)
        {
            EnableSsl = true,
            Credentials = new NetworkCredential("reports@acme-corp.io", "dW8DAm#F+EuaY4qY")
        };

        static NetworkCredential FromConfig(Settings s) => new NetworkCredential(s.User, s.Password);
        static DirectoryEntry Root() => new DirectoryEntry("LDAP://dc01.acme.local/DC=acme,DC=local", "ACME\\svc-reports", "Tundra350@");
    }
}
