#include "http/httpserver.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace fw::http {

namespace {

std::optional<QByteArray> readFile(const QString &fileName, const QString &what, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read the %1 file %2: %3."_s.arg(what, fileName, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

QSslKey privateKeyFrom(const QByteArray &pem)
{
    for (const auto algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

// Qt has no check that a key belongs to a certificate; OpenSSL does.
bool keyMatchesCertificate(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> certBio(
        BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())), BIO_free);
    const std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), BIO_free);
    const std::unique_ptr<X509, decltype(&X509_free)> certificate(
        PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr), X509_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    return certificate && key && X509_check_private_key(certificate.get(), key.get()) == 1;
}

} // namespace

std::optional<QSslConfiguration> loadTlsConfiguration(const QString &certificateFile,
                                                      const QString &keyFile, QString *error)
{
    const auto certificatePem = readFile(certificateFile, u"TLS certificate"_s, error);
    if (!certificatePem)
        return std::nullopt;
    const auto keyPem = readFile(keyFile, u"TLS key"_s, error);
    if (!keyPem)
        return std::nullopt;

    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = u"The TLS certificate file %1 holds no PEM certificate."_s.arg(certificateFile);
        return std::nullopt;
    }
    const QSslKey key = privateKeyFrom(*keyPem);
    if (key.isNull()) {
        *error = u"The TLS key file %1 holds no unencrypted PEM private key."_s.arg(keyFile);
        return std::nullopt;
    }
    if (!keyMatchesCertificate(*certificatePem, *keyPem)) {
        *error = u"The private key in %1 does not belong to the certificate in %2."_s.arg(
            keyFile, certificateFile);
        return std::nullopt;
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

} // namespace fw::http
