namespace SmsSaga.Components.Text;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}
