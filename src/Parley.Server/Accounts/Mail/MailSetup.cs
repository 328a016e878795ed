using Microsoft.Extensions.Options;

namespace Parley.Accounts.Mail;

public static class MailSetup
{
    /// <summary>Outgoing mail: queued by requests, sent in the background over SMTP or into the outbox folder.</summary>
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MailOptions>(builder.Configuration.GetSection(MailOptions.Section));
        builder.Services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidation>();
        builder.Services.AddOptions<MailOptions>().ValidateOnStart();
        builder.Services.AddSingleton<PendingMail>();
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MailSender>());
        return builder;
    }

    /// <summary>A typo in the mail settings stops the start, instead of every mail failing later.</summary>
    private sealed class MailOptionsValidation : IValidateOptions<MailOptions>
    {
        public ValidateOptionsResult Validate(string? name, MailOptions options)
        {
            var errors = new List<string>();
            if (options.Security.Trim().ToLowerInvariant() is not ("starttls" or "tls" or "none"))
            {
                errors.Add($"Parley:Mail:Security is \"{options.Security}\": use starttls, tls or none.");
            }

            if (options.Port is < 1 or > 65535)
            {
                errors.Add($"Parley:Mail:Port is {options.Port}: use a port from 1 to 65535.");
            }

            if (!MimeKit.MailboxAddress.TryParse(options.From, out _))
            {
                errors.Add($"Parley:Mail:From is \"{options.From}\": use an address such as \"Parley <parley@example.org>\".");
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
