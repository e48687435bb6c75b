package cn.smedt.simulators.partners;

import cn.smedt.api.identifiers.Uscc;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Made-up but well-formed pilot enterprises in Zhengzhou's counties and pilot industries (seed 002), with the
 * industry ids of the Zhengzhou pack (routes/henan/zhengzhou/targets.yaml) so the dashboard counts them per industry.
 */
public final class DemoEnterprises {

    /**
     * A simulated enterprise.
     *
     * @param uscc     valid USCC (check character computed)
     * @param name     Chinese name
     * @param region   county code
     * @param industry pilot industry id
     * @param pilot    in the project library
     */
    public record Enterprise(String uscc, String name, String region, String industry, boolean pilot) {
    }

    private static final String[][] COUNTIES = {
        {"410181", "巩义市"}, {"410183", "新密市"}, {"410171", "郑州经开区"}, {"410172", "郑州高新区"},
        {"410182", "荥阳市"}, {"410122", "中牟县"}, {"410106", "上街区"}, {"410185", "登封市"}};
    private static final String[][] INDUSTRIES = {
        {"ZZ-AUTO-PARTS", "汽车零部件"}, {"ZZ-HIGH-END-EQUIPMENT", "高端装备"}, {"ZZ-REFRACTORIES", "耐火材料"},
        {"ZZ-ALUMINIUM", "铝加工"}};
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private DemoEnterprises() {
    }

    /** {@code count} enterprises, the same for the same seed; about four in five are pilots. */
    public static List<Enterprise> generate(int count, long seed) {
        Random random = new Random(seed);
        List<Enterprise> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] county = COUNTIES[i % COUNTIES.length];
            String[] industry = INDUSTRIES[random.nextInt(INDUSTRIES.length)];
            StringBuilder code = new StringBuilder("91").append(county[0]);
            for (int j = 0; j < 9; j++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String uscc = code.toString() + Uscc.checkCharacter(code.toString());
            result.add(new Enterprise(uscc, county[1] + industry[1] + "示范企业" + (i + 1), county[0], industry[0],
                    random.nextInt(5) != 0));
        }
        return result;
    }
}
