using Parley.Accounts;

namespace Parley.Tests.Unit;

public sealed class UsernameRulesTests
{
    [Theory]
    [InlineData("bob")]
    [InlineData("alice_smith")]
    [InlineData("a.b-c_9")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")] // 32, the maximum
    public void Check_AllowedNames_Pass(string username) => Assert.Null(UsernameRules.Check(username));

    [Theory]
    [InlineData("", "Choose a username.")]
    [InlineData("ab", "3 to 32 characters")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "3 to 32 characters")] // 33
    [InlineData("has space", "only letters")]
    [InlineData("émile", "only letters")]
    [InlineData("аlice", "only letters")] // Cyrillic а: a look-alike of "alice"
    [InlineData("semi;colon", "only letters")]
    public void Check_DisallowedNames_SayWhy(string username, string expected) =>
        Assert.Contains(expected, UsernameRules.Check(username));
}

public sealed class EmailRulesTests
{
    [Theory]
    [InlineData("a@example.com")]
    [InlineData("first.last+tag@sub.example.org")]
    public void CheckEmail_WellFormed_Passes(string email) => Assert.Null(AccountRules.CheckEmail(email));

    [Theory]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("a@b")]
    [InlineData("Bob <bob@example.com>")]
    [InlineData("bob@example.com.")]
    [InlineData("two@@example.com")]
    public void CheckEmail_Malformed_IsRefused(string email) => Assert.NotNull(AccountRules.CheckEmail(email));
}

public sealed class PasswordPolicyTests
{
    [Fact]
    public void Check_LongUncommonPassphrase_Passes() =>
        Assert.Empty(PasswordPolicy.Check("purple otters juggle quietly", "alice", "alice@example.com"));

    [Fact]
    public void Check_NineCharacters_IsTooShort_AndSaysHowLong()
    {
        var errors = PasswordPolicy.Check("x7#kq!m2p", "alice", "alice@example.com");
        Assert.Contains(errors, e => e.Contains("at least 10", StringComparison.Ordinal) && e.Contains("you have 9", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_LengthCountsCharactersNotBytes()
    {
        // Ten emoji are ten characters (twenty UTF-16 units): long enough, and not counted as twenty.
        Assert.Empty(PasswordPolicy.Check(string.Concat(Enumerable.Repeat("🦦", 10)), "alice", null));
        Assert.NotEmpty(PasswordPolicy.Check(string.Concat(Enumerable.Repeat("🦦", 9)), "alice", null));
    }

    [Theory]
    [InlineData("password123")]
    [InlineData("qwertyuiop")]
    [InlineData("1234567890")]
    [InlineData("Password123")] // case does not make a common password uncommon
    public void Check_CommonPasswords_AreRefused(string password) =>
        Assert.Contains(PasswordPolicy.Check(password, "alice", null), e => e.Contains("too common", StringComparison.Ordinal));

    [Fact]
    public void Check_PasswordEqualToUsernameOrEmail_IsRefused()
    {
        Assert.Contains(PasswordPolicy.Check("Gandalf_the_grey", "gandalf_the_grey", "g@example.com"), e => e.Contains("username or email", StringComparison.Ordinal));
        Assert.Contains(PasswordPolicy.Check("gandalf@example.com", "gandalf", "gandalf@example.com"), e => e.Contains("username or email", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_NoCompositionRules_AllLowercaseLettersAreFine() =>
        Assert.Empty(PasswordPolicy.Check("correcthorsebatterystaple", "alice", null));

    [Fact]
    public void Rules_AreStatedForTheSignUpForm() =>
        Assert.Contains(PasswordPolicy.Rules, r => r.Contains("10 characters", StringComparison.Ordinal));
}
