// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"
#include "signing/pades/PadesSignOptions.h"

#include <QList>
#include <QString>

#include <memory>

namespace dms {

class Clock;
class SigningKey;
class TimestampClient;

/** Signs PDF files as PAdES baseline B-B, or B-T with a TimestampClient
 *  (ETSI EN 319 142-1, /SubFilter /ETSI.CAdES.detached). The original bytes are
 *  copied unchanged and one incremental update is appended with our own writer: the
 *  signature dictionary, a signature field with its widget (invisible, or a visible
 *  stamp), the page and AcroForm redefined to list them, and a cross-reference
 *  section of the file's kind (table or stream) with /Prev; earlier signatures stay
 *  valid. qpdf only parses the input. The file is hashed while it is copied (one
 *  pass, 1 MiB chunks), so memory does not grow with its size. Not thread-safe. */
class PadesSigner
{
public:
    /** @p clock gives /M and the certificate validity check; it must outlive the signer. */
    PadesSigner(std::shared_ptr<SigningKey> key, const Clock &clock);

    /** Certificates embedded next to the signer's (the issuing CA). */
    void setChain(const QList<CertificateInfo> &chain) { m_chain = chain; }
    /** B-T through @p client (not owned, must outlive the signer); nullptr gives B-B. */
    void setTimestampClient(TimestampClient *client) { m_timestampClient = client; }

    /** Signs @p inputPath into @p outputPath, atomically: on any error the output is
     *  neither created nor changed. When both are the same file the update is only
     *  appended (no copy; the file is cut back if that write fails; Conflict when the
     *  file changed meanwhile). InvalidInput when the
     *  input is no readable PDF, is encrypted, or the page does not exist; Internal
     *  when the CMS does not fit contentsSize; CadesSigner's and the key's errors
     *  (CertExpired, WrongPin, Cancelled, TokenRemoved, the TSA's ...). */
    [[nodiscard]] Status signFile(const QString &inputPath, const QString &outputPath,
                                  const PadesSignOptions &options = {}) const;

private:
    std::shared_ptr<SigningKey> m_key;
    const Clock &m_clock;
    QList<CertificateInfo> m_chain;
    TimestampClient *m_timestampClient = nullptr;
};

} // namespace dms
