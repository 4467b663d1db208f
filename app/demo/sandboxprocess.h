#pragma once

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

namespace fw::demo {

// Runs ncm-sandbox as a child process for the demo: writes a keys file, starts the program
// on a free loopback port, reads the base URL it prints when ready, and stops it again when
// this object goes away (closing the window stops the sandbox).
class SandboxProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxProcess)

public:
    struct Options
    {
        QString program;          // path of ncm-sandbox; empty: next to this executable
        int routers = 250;
        quint32 seed = 1;
        double speed = 1.0;
        QStringList extraArguments;
    };

    explicit SandboxProcess(QObject *parent = nullptr);
    ~SandboxProcess() override;

    // Starts the child; ready() or failed() follows.
    void start(const Options &options);
    void stop();

    QUrl apiBase() const { return m_apiBase; }
    QString keysFile() const;
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    // The default program location: ncm-sandbox beside the running executable.
    static QString defaultProgram();

Q_SIGNALS:
    void ready(const QUrl &apiBase);
    void failed(const QString &reason);

private:
    void readOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    bool writeKeysFile(QString *error);

    QProcess m_process;
    QTemporaryDir m_dir;
    QUrl m_apiBase;
    QByteArray m_output;
    QByteArray m_errors;
    bool m_stopping = false;
};

} // namespace fw::demo
