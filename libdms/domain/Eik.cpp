// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/Eik.h"

#include "domain/Digits.h"

#include <QCoreApplication>

#include <array>

namespace dms {

namespace {

template<size_t N>
int weightedRest(QStringView digits, qsizetype first, const std::array<int, N> &weights)
{
    int sum = 0;
    for (size_t i = 0; i < N; ++i)
        sum += Digits::at(digits, first + qsizetype(i)) * weights[i];
    return sum % 11;
}

Error problemError(Eik::Problem problem)
{
    switch (problem) {
    case Eik::Problem::Format:
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "dms", "A company or BULSTAT code (ЕИК) consists of exactly 9 or 13 digits."),
                         QStringLiteral("eik: not 9 or 13 digits"));
    case Eik::Problem::Checksum:
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "dms", "The company code (ЕИК) is mistyped: its ninth digit does not match."),
                         QStringLiteral("eik: ninth digit mismatch"));
    case Eik::Problem::BranchChecksum:
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate(
                "dms", "The branch code (ЕИК) is mistyped: its thirteenth digit does not match."),
            QStringLiteral("eik: thirteenth digit mismatch"));
    case Eik::Problem::None:
        break;
    }
    return makeError(ErrorCode::Internal, QCoreApplication::translate("dms", "Internal error."),
                     QStringLiteral("eik: no problem to report"));
}

} // namespace

Eik::Eik(const QString &digits)
    : m_digits(digits)
{ }

int Eik::checkDigit(QStringView digits)
{
    Q_ASSERT(digits.size() >= 8 && Digits::isAscii(digits.left(8)));
    int rest = weightedRest(digits, 0, std::array<int, 8> {1, 2, 3, 4, 5, 6, 7, 8});
    if (rest == 10)
        rest = weightedRest(digits, 0, std::array<int, 8> {3, 4, 5, 6, 7, 8, 9, 10});
    return rest == 10 ? 0 : rest;
}

int Eik::branchCheckDigit(QStringView digits)
{
    Q_ASSERT(digits.size() >= 12 && Digits::isAscii(digits.left(12)));
    int rest = weightedRest(digits, 8, std::array<int, 4> {2, 7, 3, 5});
    if (rest == 10)
        rest = weightedRest(digits, 8, std::array<int, 4> {4, 9, 5, 7});
    return rest == 10 ? 0 : rest;
}

Eik::Problem Eik::problem(const QString &text)
{
    const QString digits = text.trimmed();
    if ((digits.size() != 9 && digits.size() != 13) || !Digits::isAscii(digits))
        return Problem::Format;
    if (checkDigit(digits) != Digits::at(digits, 8))
        return Problem::Checksum;
    if (digits.size() == 13 && branchCheckDigit(digits) != Digits::at(digits, 12))
        return Problem::BranchChecksum;
    return Problem::None;
}

Result<Eik> Eik::parse(const QString &text)
{
    const Problem found = problem(text);
    if (found != Problem::None)
        return problemError(found);
    return Eik(text.trimmed());
}

Status Eik::validate(const QString &text)
{
    const Problem found = problem(text);
    if (found != Problem::None)
        return problemError(found);
    return {};
}

} // namespace dms
