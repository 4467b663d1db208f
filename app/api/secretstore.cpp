#include "api/secretstore.h"

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

namespace {

constexpr auto s_ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr auto s_ownerOnlyDir = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr qint64 s_maxFileSize = 1024 * 1024;

// QtKeychain reports a missing D-Bus or keychain service as these.
bool isBackendMissing(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::OtherError
        || error == QKeychain::NotImplemented;
}

QString keychainError(const QKeychain::Job *job)
{
    return u"The system keychain refused the request (%1)."_s.arg(job->errorString());
}

// Calls back on the next event loop turn so every SecretStore is asynchronous alike.
template<typename F>
void later(QObject *context, F &&f)
{
    QTimer::singleShot(0, context, std::forward<F>(f));
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

void KeychainSecretStore::write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setBinaryData(secret);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, context, [done](QKeychain::Job *finished) {
        done(finished->error() == QKeychain::NoError ? QString() : keychainError(finished));
    });
    job->start();
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadDone done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, context, [done, job](QKeychain::Job *) {
        if (job->error() == QKeychain::NoError)
            done(job->binaryData(), {});
        else if (job->error() == QKeychain::EntryNotFound)
            done(std::nullopt, {});
        else
            done(std::nullopt, keychainError(job));
    });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, QObject *context, WriteDone done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context, [done](QKeychain::Job *finished) {
        const bool ok = finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound;
        done(ok ? QString() : keychainError(finished));
    });
    job->start();
}

void KeychainSecretStore::probe(QObject *context, std::function<void(bool, const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(u"fleetwall-probe"_s);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, context, [done](QKeychain::Job *finished) {
        const bool available = !isBackendMissing(finished->error());
        done(available, available ? QString() : finished->errorString());
    });
    job->start();
}

FileSecretStore::FileSecretStore(const QString &path, QObject *parent)
    : SecretStore(parent)
    , m_path(path)
{
}

QString FileSecretStore::warning() const
{
    return u"No system keychain answered: secrets are kept in %1, readable only by your user account but not encrypted."_s
        .arg(QDir::toNativeSeparators(m_path));
}

std::optional<QByteArray> FileSecretStore::readNow(const QString &key, QString *error) const
{
    QFile file(m_path);
    if (!file.exists())
        return std::nullopt;
    if ((file.permissions() & ~(s_ownerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser)) != 0) {
        *error = u"The secrets file %1 is readable by other users; run chmod 600 on it first."_s.arg(m_path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly) || file.size() > s_maxFileSize) {
        *error = u"Cannot read the secrets file %1."_s.arg(m_path);
        return std::nullopt;
    }
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    if (!document.isObject()) {
        *error = u"The secrets file %1 is damaged (not a JSON object)."_s.arg(m_path);
        return std::nullopt;
    }
    const QJsonValue value = document.object().value(key);
    if (!value.isString())
        return std::nullopt;
    return QByteArray::fromBase64(value.toString().toLatin1());
}

QString FileSecretStore::writeNow(const QString &key, const std::optional<QByteArray> &secret)
{
    QString error;
    readNow(key, &error); // refuses a file others can read before touching it
    if (!error.isEmpty())
        return error;

    QJsonObject all;
    if (QFile existing(m_path); existing.open(QIODevice::ReadOnly))
        all = QJsonDocument::fromJson(existing.readAll()).object();
    if (secret)
        all.insert(key, QString::fromLatin1(secret->toBase64()));
    else
        all.remove(key);

    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QFileInfo::exists(folder)) {
        if (!QDir().mkpath(folder))
            return u"Cannot create the folder %1 for the secrets file."_s.arg(folder);
        QFile::setPermissions(folder, s_ownerOnlyDir);
    }

    // Created owner-only from the first byte, then renamed over the old file.
    const QString temporary = m_path + u".new"_s;
    QFile::remove(temporary);
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, s_ownerOnly))
        return u"Cannot write the secrets file %1: %2."_s.arg(temporary, file.errorString());
    const QByteArray json = QJsonDocument(all).toJson(QJsonDocument::Compact);
    if (file.write(json) != json.size() || !file.flush()) {
        file.remove();
        return u"Cannot write the secrets file %1: %2."_s.arg(temporary, file.errorString());
    }
    file.close();
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(m_path).constData()) != 0) {
        QFile::remove(temporary);
        return u"Cannot replace the secrets file %1."_s.arg(m_path);
    }
    return {};
}

void FileSecretStore::write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done)
{
    const QString error = writeNow(key, secret);
    later(context, [done, error] { done(error); });
}

void FileSecretStore::read(const QString &key, QObject *context, ReadDone done)
{
    QString error;
    const auto secret = readNow(key, &error);
    later(context, [done, secret, error] { done(secret, error); });
}

void FileSecretStore::remove(const QString &key, QObject *context, WriteDone done)
{
    const QString error = writeNow(key, std::nullopt);
    later(context, [done, error] { done(error); });
}

SystemSecretStore::SystemSecretStore(const QString &service, const QString &fallbackPath,
                                     bool allowFileFallback, QObject *parent)
    : SecretStore(parent)
    , m_keychain(new KeychainSecretStore(service, this))
    , m_file(new FileSecretStore(fallbackPath, this))
    , m_allowFile(allowFileFallback)
{
}

QString SystemSecretStore::warning() const
{
    return m_useFile ? m_file->warning() : QString();
}

void SystemSecretStore::withBackend(QObject *context, std::function<void(SecretStore *, const QString &)> op)
{
    if (m_probed) {
        if (!m_useFile && !m_keychainError.isEmpty() && !m_allowFile)
            op(nullptr, m_keychainError);
        else
            op(m_useFile ? static_cast<SecretStore *>(m_file) : m_keychain, {});
        return;
    }
    QPointer<QObject> guard(context);
    m_keychain->probe(this, [this, guard, op](bool available, const QString &error) {
        m_probed = true;
        if (!available) {
            qCWarning(lcApi) << "no system keychain:" << error;
            m_keychainError = u"No system keychain service answered (%1); allow the file fallback to keep secrets in %2."_s
                                  .arg(error, m_file->path());
            m_useFile = m_allowFile;
            if (m_useFile)
                Q_EMIT fellBackToFile(m_file->warning());
        }
        if (guard)
            withBackend(guard, op);
    });
}

void SystemSecretStore::write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done)
{
    withBackend(context, [key, secret, context, done](SecretStore *store, const QString &error) {
        if (!store)
            done(error);
        else
            store->write(key, secret, context, done);
    });
}

void SystemSecretStore::read(const QString &key, QObject *context, ReadDone done)
{
    withBackend(context, [key, context, done](SecretStore *store, const QString &error) {
        if (!store)
            done(std::nullopt, error);
        else
            store->read(key, context, done);
    });
}

void SystemSecretStore::remove(const QString &key, QObject *context, WriteDone done)
{
    withBackend(context, [key, context, done](SecretStore *store, const QString &error) {
        if (!store)
            done(error);
        else
            store->remove(key, context, done);
    });
}

} // namespace fw::api
