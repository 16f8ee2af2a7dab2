// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SequentialSignatureBatch.h"

#include "core/Tr.h"

#include <utility>

namespace dms {

SequentialSignatureBatch::SequentialSignatureBatch(std::function<Result<QByteArray>(const QByteArray &)> sign)
    : m_sign(std::move(sign))
{ }

void SequentialSignatureBatch::add(const QByteArray &input)
{
    m_inputs.append(input);
}

Result<QByteArray> SequentialSignatureBatch::take()
{
    if (m_inputs.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The signature could not be made."),
                         QStringLiteral("SignatureBatch::take without an input"));
    const QByteArray input = m_inputs.takeFirst();
    if (!m_failure && m_cancelled.load())
        m_failure = makeError(ErrorCode::Cancelled, Tr::tr("Cancelled."), QStringLiteral("signature batch"));
    if (m_failure)
        return *m_failure;
    auto signature = m_sign(input);
    if (!signature)
        m_failure = signature.error();
    return signature;
}

void SequentialSignatureBatch::cancel()
{
    m_cancelled.store(true);
}

} // namespace dms
