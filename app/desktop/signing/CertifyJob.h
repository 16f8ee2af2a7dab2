// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/PadesSignJob.h"

namespace dms {

/** "Вярно с оригинала": signs a scanned PDF with the clerk's card (PadesSignJob)
 *  with a visible stamp on its first page saying it is a true copy, who
 *  certified it and when. Errors as PadesSignJob. */
class CertifyJob : public PadesSignJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertifyJob)

public:
    /** @p clock must outlive the job. */
    CertifyJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent = nullptr);
    ~CertifyJob() override;

    /** The stamp's first line: "True copy of the original". */
    static QString stampTitle();
};

} // namespace dms
