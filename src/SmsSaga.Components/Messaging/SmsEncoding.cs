namespace SmsSaga.Components.Messaging;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}
