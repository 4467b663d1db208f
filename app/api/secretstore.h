#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace fw::api {

// Where secrets live (API keys, webhook secrets, relay tokens). Asynchronous because the
// system keychain answers over D-Bus; callbacks run on the caller's thread and are dropped
// when context is gone.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    // nullopt without an error: no such secret.
    using ReadDone = std::function<void(const std::optional<QByteArray> &secret, const QString &error)>;
    using WriteDone = std::function<void(const QString &error)>;

    using QObject::QObject;
    ~SecretStore() override = default;

    virtual void write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done) = 0;
    virtual void read(const QString &key, QObject *context, ReadDone done) = 0;
    virtual void remove(const QString &key, QObject *context, WriteDone done) = 0;

    // A sentence the UI shows while secrets are kept less safely than in a keychain.
    virtual QString warning() const { return {}; }
};

// The system keychain through QtKeychain (KWallet, libsecret or gnome-keyring).
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    explicit KeychainSecretStore(const QString &service = QStringLiteral("Fleetwall"), QObject *parent = nullptr);

    void write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done) override;
    void read(const QString &key, QObject *context, ReadDone done) override;
    void remove(const QString &key, QObject *context, WriteDone done) override;

    // Whether a keychain service answers (a read of a missing entry succeeds with "not found").
    void probe(QObject *context, std::function<void(bool available, const QString &error)> done);

private:
    QString m_service;
};

// The explicit fallback: one JSON file, owner-only (0600) in an owner-only folder. A file
// readable by others is refused, not used.
class FileSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileSecretStore)

public:
    explicit FileSecretStore(const QString &path, QObject *parent = nullptr);

    void write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done) override;
    void read(const QString &key, QObject *context, ReadDone done) override;
    void remove(const QString &key, QObject *context, WriteDone done) override;
    QString warning() const override;

    QString path() const { return m_path; }

    // Synchronous forms, used by the asynchronous ones.
    QString writeNow(const QString &key, const std::optional<QByteArray> &secret);
    std::optional<QByteArray> readNow(const QString &key, QString *error) const;

private:
    QString m_path;
};

// Keychain first; when no keychain service answers and the operator allowed the file
// fallback, the file. Without that permission the error says how to allow it.
class SystemSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemSecretStore)

public:
    SystemSecretStore(const QString &service, const QString &fallbackPath, bool allowFileFallback,
                      QObject *parent = nullptr);

    void write(const QString &key, const QByteArray &secret, QObject *context, WriteDone done) override;
    void read(const QString &key, QObject *context, ReadDone done) override;
    void remove(const QString &key, QObject *context, WriteDone done) override;
    QString warning() const override;

    bool usingFallback() const { return m_useFile; }

Q_SIGNALS:
    void fellBackToFile(const QString &warning);

private:
    // Runs op on the keychain, or on the file once the keychain proved absent.
    void withBackend(QObject *context, std::function<void(SecretStore *store, const QString &error)> op);

    KeychainSecretStore *m_keychain;
    FileSecretStore *m_file;
    bool m_allowFile;
    bool m_probed = false;
    bool m_useFile = false;
    QString m_keychainError;
};

} // namespace fw::api
