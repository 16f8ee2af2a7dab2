// SPDX-License-Identifier: GPL-3.0-or-later
#include "scanning/pdf/SrgbProfile.h"

#include <QCoreApplication>

#include <lcms2.h>

namespace dms {

namespace {

QByteArray buildProfile()
{
    cmsHPROFILE profile = cmsCreate_sRGBProfile();
    if (!profile)
        return {};
    // lcms2 writes version 4 (parametric curves, under 1 KB); PDF/A-2 accepts ICC
    // major versions up to 4, while a version 2 profile would be 8.8 KB of sampled curves.
    cmsUInt32Number size = 0;
    QByteArray data;
    if (cmsSaveProfileToMem(profile, nullptr, &size) && size > 0) {
        data.resize(qsizetype(size));
        if (!cmsSaveProfileToMem(profile, data.data(), &size))
            data.clear();
    }
    cmsCloseProfile(profile);
    return data;
}

} // namespace

Result<QByteArray> SrgbProfile::iccData()
{
    static const QByteArray s_profile = buildProfile();
    if (s_profile.isEmpty())
        return makeError(ErrorCode::Internal,
                         QCoreApplication::translate("dms", "The sRGB colour profile could not be created."),
                         QStringLiteral("lcms2 cmsCreate_sRGBProfile/cmsSaveProfileToMem failed"));
    return s_profile;
}

} // namespace dms
