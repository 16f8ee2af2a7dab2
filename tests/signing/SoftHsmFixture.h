// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/PinProvider.h"
#include "signing/Token.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"

#include <QByteArray>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

namespace dms {

/** Runs fixtures/make-test-pki.sh in a private temporary directory and points
 *  SoftHSM2 at it (SOFTHSM2_CONF), before any PKCS#11 module is loaded. */
class SoftHsmFixture
{
public:
    static constexpr const char *pin = "123456";
    static constexpr const char *lockPin = "111111";

    static bool isAvailable()
    {
        return !QStandardPaths::findExecutable(QStringLiteral("softhsm2-util")).isEmpty();
    }

    /** Empty on success, else what went wrong. */
    QString create()
    {
        if (!m_dir.isValid())
            return QStringLiteral("no temporary directory");
        QProcess script;
        script.setProcessChannelMode(QProcess::MergedChannels);
        script.start(QStringLiteral("bash"), {QStringLiteral(DMS_SIGNING_FIXTURE_SCRIPT), m_dir.path()});
        if (!script.waitForFinished(120000) || script.exitStatus() != QProcess::NormalExit
            || script.exitCode() != 0)
            return QStringLiteral("make-test-pki.sh failed: ") + QString::fromLocal8Bit(script.readAll());
        qputenv("SOFTHSM2_CONF", QFile::encodeName(m_dir.filePath(QStringLiteral("softhsm2.conf"))));
        return {};
    }

    /** create(), then loads the default PKCS#11 module (p11-kit-proxy) into @p provider
     *  with @p pins and finds the token labelled @p label; empty on success, else what
     *  went wrong. */
    QString createAndOpen(std::shared_ptr<PinProvider> pins, std::shared_ptr<Pkcs11TokenProvider> &provider,
                          std::shared_ptr<Token> &token, const QString &label = QStringLiteral("QES-TEST"))
    {
        if (const QString failure = create(); !failure.isEmpty())
            return failure;
        auto loaded = Pkcs11TokenProvider::load(std::move(pins));
        if (!loaded)
            return loaded.error().toString();
        provider = *loaded;
        auto tokens = provider->tokens();
        if (!tokens)
            return tokens.error().toString();
        for (const auto &candidate : *tokens) {
            if (candidate->info().label == label)
                token = candidate;
        }
        return token ? QString() : QStringLiteral("no token labelled ") + label;
    }

    QString pkiFile(const QString &name) const { return m_dir.filePath(QStringLiteral("pki/") + name); }

private:
    QTemporaryDir m_dir;
};

} // namespace dms
