#include "demo/sandboxprocess.h"

#include "core/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <csignal>
#include <sys/prctl.h>

using namespace Qt::Literals::StringLiterals;

namespace fw::demo {

namespace {
constexpr int StopGraceMs = 3000;
constexpr qsizetype MaxBufferedOutput = 64 * 1024;

QString randomToken()
{
    return QString::number(QRandomGenerator::system()->generate64(), 16);
}
} // namespace

SandboxProcess::SandboxProcess(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    // Should fleetwall die without closing its window, the sandbox goes with it.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &SandboxProcess::readOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_errors.append(m_process.readAllStandardError());
        m_errors = m_errors.right(MaxBufferedOutput);
    });
    connect(&m_process, &QProcess::finished, this, &SandboxProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failed(tr("ncm-sandbox could not be started (%1).").arg(m_process.errorString()));
    });
}

SandboxProcess::~SandboxProcess()
{
    stop();
}

QString SandboxProcess::defaultProgram()
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(u"ncm-sandbox"_s);
}

QString SandboxProcess::keysFile() const
{
    return m_dir.filePath(u"api-keys"_s);
}

bool SandboxProcess::writeKeysFile(QString *error)
{
    QFile file(keysFile());
    if (!m_dir.isValid() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = tr("The demo's key file could not be written in %1.").arg(m_dir.path());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QString keys = u"cp_api_id=demo-%1\ncp_api_key=%2\necm_api_id=demo-%3\necm_api_key=%4\n"_s.arg(
        randomToken(), randomToken(), randomToken(), randomToken());
    file.write(keys.toUtf8());
    return true;
}

void SandboxProcess::start(const Options &options)
{
    QString error;
    if (!writeKeysFile(&error)) {
        Q_EMIT failed(error);
        return;
    }
    const QString program = options.program.isEmpty() ? defaultProgram() : options.program;
    QStringList arguments{u"--listen"_s,         u"127.0.0.1:0"_s,
                          u"--routers"_s,        QString::number(options.routers),
                          u"--seed"_s,           QString::number(options.seed),
                          u"--speed"_s,          QString::number(options.speed),
                          u"--api-keys-file"_s,  keysFile()};
    arguments += options.extraArguments;
    m_output.clear();
    m_errors.clear();
    m_apiBase.clear();
    m_stopping = false;
    qCInfo(lcSandbox) << "starting" << program << arguments;
    m_process.start(program, arguments);
}

void SandboxProcess::readOutput()
{
    m_output.append(m_process.readAllStandardOutput());
    if (m_apiBase.isValid())
        return;
    static const QRegularExpression url(u"(https?://[^\\s]+/api/v2/)"_s);
    const QRegularExpressionMatch match = url.match(QString::fromUtf8(m_output));
    if (match.hasMatch()) {
        m_apiBase = QUrl(match.captured(1));
        Q_EMIT ready(m_apiBase);
    } else if (m_output.size() > MaxBufferedOutput) {
        m_output = m_output.right(MaxBufferedOutput);
    }
}

void SandboxProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_stopping)
        return;
    const QString detail = QString::fromUtf8(m_errors).trimmed().section(u'\n', -1);
    const QString reason = status == QProcess::CrashExit
        ? tr("ncm-sandbox crashed.")
        : tr("ncm-sandbox stopped with status %1%2").arg(exitCode).arg(detail.isEmpty() ? u"."_s : u": "_s + detail);
    Q_EMIT failed(reason);
}

void SandboxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_stopping = true;
    m_process.terminate();
    if (!m_process.waitForFinished(StopGraceMs)) {
        m_process.kill();
        m_process.waitForFinished(StopGraceMs);
    }
}

} // namespace fw::demo
