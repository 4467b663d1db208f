#include "demo/sandboxprocess.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using fw::demo::SandboxProcess;

// Stand-ins for ncm-sandbox: shell scripts that behave like it at its boundary.
class tst_SandboxProcess : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString script(const QString &name, const QByteArray &body)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("#!/bin/sh\n" + body);
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        return path;
    }

private Q_SLOTS:
    void readyCarriesTheBaseUrlAndKeysFileIsPrivate()
    {
        SandboxProcess::Options options;
        options.program = script(QStringLiteral("fake-ready"),
                                 "echo \"args: $*\" >&2\n"
                                 "echo 'ncm-sandbox: listening on http://127.0.0.1:40123/api/v2/'\n"
                                 "exec sleep 30\n");
        SandboxProcess sandbox;
        QSignalSpy ready(&sandbox, &SandboxProcess::ready);
        QSignalSpy failed(&sandbox, &SandboxProcess::failed);
        sandbox.start(options);
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(ready.first().first().toUrl(), QUrl(QStringLiteral("http://127.0.0.1:40123/api/v2/")));
        QCOMPARE(failed.count(), 0);

        QFile keys(sandbox.keysFile());
        QVERIFY(keys.open(QIODevice::ReadOnly));
        const QByteArray content = keys.readAll();
        for (const char *name : {"cp_api_id=", "cp_api_key=", "ecm_api_id=", "ecm_api_key="})
            QVERIFY2(content.contains(name), name);
        QCOMPARE(keys.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());

        sandbox.stop();
        QVERIFY(!sandbox.isRunning());
        QCOMPARE(failed.count(), 0); // a requested stop is not a failure
    }

    void earlyExitIsReportedWithTheLastErrorLine()
    {
        SandboxProcess::Options options;
        options.program = script(QStringLiteral("fake-fail"), "echo 'ncm-sandbox: port 1 is in use.' >&2\nexit 3\n");
        SandboxProcess sandbox;
        QSignalSpy failed(&sandbox, &SandboxProcess::failed);
        sandbox.start(options);
        QTRY_COMPARE(failed.count(), 1);
        const QString reason = failed.first().first().toString();
        QVERIFY2(reason.contains(QStringLiteral("status 3")), qPrintable(reason));
        QVERIFY2(reason.contains(QStringLiteral("port 1 is in use")), qPrintable(reason));
    }

    void missingProgramFails()
    {
        SandboxProcess::Options options;
        options.program = m_dir.filePath(QStringLiteral("does-not-exist"));
        SandboxProcess sandbox;
        QSignalSpy failed(&sandbox, &SandboxProcess::failed);
        sandbox.start(options);
        QTRY_VERIFY(failed.count() >= 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("could not be started")));
    }
};

QTEST_GUILESS_MAIN(tst_SandboxProcess)
#include "tst_sandboxprocess.moc"
