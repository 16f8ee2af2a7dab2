// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/CertifyJob.h"

namespace dms {

CertifyJob::CertifyJob(std::shared_ptr<TokenProvider> tokens, const Clock &clock, QObject *parent)
    : PadesSignJob(std::move(tokens), clock, parent)
{
    setTitle(stampTitle());
}

CertifyJob::~CertifyJob() = default;

QString CertifyJob::stampTitle()
{
    return tr("True copy of the original");
}

} // namespace dms
