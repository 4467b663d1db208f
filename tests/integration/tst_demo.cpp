#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// The demo end to end: fleetwall --demo starts ncm-sandbox, sets the webhook up against it,
// syncs, and the window shows routers and stored events within the time the README promises.
class tst_Demo : public QObject
{
    Q_OBJECT

private:
    QString binary(const QString &name) const
    {
        return qEnvironmentVariable("FLEETWALL_BIN_DIR") + QLatin1Char('/') + name;
    }

private Q_SLOTS:
    void demoShowsRoutersAndEvents()
    {
        QTemporaryDir home;
        QProcess fleetwall;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), home.path()); // settings and data of this run only
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        fleetwall.setProcessEnvironment(env);
        fleetwall.start(binary(QStringLiteral("fleetwall")),
                        {QStringLiteral("--demo"), QStringLiteral("--demo-speed"), QStringLiteral("60"),
                         QStringLiteral("--self-test-seconds"), QStringLiteral("60")});
        QVERIFY2(fleetwall.waitForStarted(), qPrintable(fleetwall.errorString()));
        QVERIFY(fleetwall.waitForFinished(120'000));
        const QString out = QString::fromUtf8(fleetwall.readAllStandardOutput());
        const QString err = QString::fromUtf8(fleetwall.readAllStandardError());
        QVERIFY2(fleetwall.exitCode() == 0, qPrintable(out + err));

        const QRegularExpression ready(QStringLiteral("ready after (\\d+) ms with (\\d+) routers and (\\d+) events"));
        const QRegularExpressionMatch match = ready.match(out);
        QVERIFY2(match.hasMatch(), qPrintable(out));
        QCOMPARE(match.captured(2).toInt() > 0, true);
        QCOMPARE(match.captured(3).toInt() > 0, true);
        qInfo("demo ready after %s ms", qPrintable(match.captured(1)));
    }
};

QTEST_GUILESS_MAIN(tst_Demo)
#include "tst_demo.moc"
