#include "ingest/signature.h"

#include <QTest>

using fw::ingest::Signature;
using Check = fw::ingest::Signature::Check;

class tst_Signature final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownVector();
    void check_data();
    void check();
};

// RFC 4231, test case 2.
void tst_Signature::knownVector()
{
    QCOMPARE(Signature::sign("Jefe", "what do ya want for nothing?"),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

void tst_Signature::check_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("secondSecret");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("signature");
    QTest::addColumn<Check>("expected");

    const QByteArray body = R"({"data":[{"type":"wwan_connected"}]})";
    const QByteArray good = Signature::sign("s3cret", body);
    const QByteArray other = Signature::sign("previous", body);
    QByteArray flipped = good;
    flipped[10] = flipped[10] == '0' ? '1' : '0';

    QTest::newRow("valid") << QByteArray("s3cret") << QByteArray() << body << good << Check::Valid;
    QTest::newRow("upper-case hex") << QByteArray("s3cret") << QByteArray() << body << good.toUpper() << Check::Valid;
    QTest::newRow("surrounding spaces") << QByteArray("s3cret") << QByteArray() << body << " " + good + " " << Check::Valid;
    QTest::newRow("one digit wrong") << QByteArray("s3cret") << QByteArray() << body << flipped << Check::Invalid;
    QTest::newRow("other secret") << QByteArray("s3cret") << QByteArray() << body << other << Check::Invalid;
    QTest::newRow("body changed") << QByteArray("s3cret") << QByteArray() << body + ' ' << good << Check::Invalid;
    QTest::newRow("missing") << QByteArray("s3cret") << QByteArray() << body << QByteArray() << Check::Missing;
    QTest::newRow("blank") << QByteArray("s3cret") << QByteArray() << body << QByteArray("  ") << Check::Missing;
    QTest::newRow("truncated") << QByteArray("s3cret") << QByteArray() << body << good.left(63) << Check::Invalid;
    QTest::newRow("half length") << QByteArray("s3cret") << QByteArray() << body << good.left(32) << Check::Invalid;
    QTest::newRow("too long") << QByteArray("s3cret") << QByteArray() << body << good + "00" << Check::Invalid;
    QTest::newRow("not hex") << QByteArray("s3cret") << QByteArray() << body << QByteArray(64, 'g') << Check::Invalid;
    QTest::newRow("sha256= prefix") << QByteArray("s3cret") << QByteArray() << body << "sha256=" + good << Check::Invalid;
    QTest::newRow("second secret") << QByteArray("s3cret") << QByteArray("previous") << body << other << Check::Valid;
    QTest::newRow("first with second set") << QByteArray("s3cret") << QByteArray("previous") << body << good << Check::Valid;
    QTest::newRow("neither secret") << QByteArray("s3cret") << QByteArray("previous") << body
                                    << Signature::sign("third", body) << Check::Invalid;
    QTest::newRow("empty body") << QByteArray("s3cret") << QByteArray() << QByteArray()
                                << Signature::sign("s3cret", "") << Check::Valid;
}

void tst_Signature::check()
{
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, secondSecret);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, signature);
    QFETCH(Check, expected);

    const Signature verifier(secret, secondSecret);
    QCOMPARE(verifier.check(body, signature), expected);
    QCOMPARE(verifier.isValid(body, signature), expected == Check::Valid);
}

QTEST_GUILESS_MAIN(tst_Signature)
#include "tst_signature.moc"
