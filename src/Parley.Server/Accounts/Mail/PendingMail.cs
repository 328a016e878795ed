using System.Threading.Channels;

namespace Parley.Accounts.Mail;

/// <summary>
/// Mail waiting to be sent. Requests only queue it, so a slow or unreachable mail server never delays an answer
/// (and a reset request takes the same time whether or not a mail goes out); <see cref="MailSender"/> sends it.
/// </summary>
public sealed class PendingMail
{
    private readonly Channel<OutgoingMail> _mail = Channel.CreateUnbounded<OutgoingMail>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(OutgoingMail mail) => _mail.Writer.TryWrite(mail);

    internal ChannelReader<OutgoingMail> Reader => _mail.Reader;
}
