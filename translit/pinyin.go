package translit

import "strings"

// palladius is the Palladius system: every syllable of Mandarin in Pinyin
// (without tones) and its standard Cyrillic spelling, as the Russian press
// and Russian translations of Chinese names write them (Мао Цзэдун, Чжоу
// Эньлай, Дэн Сяопин). Grouped by initial; ü is written v.
var palladius = table(`
a:а ai:ай an:ань ang:ан ao:ао e:э ei:эй en:энь eng:эн er:эр o:о ou:оу
yi:и ya:я yao:яо ye:е you:ю yan:янь yin:инь yang:ян ying:ин yong:юн
yu:юй yue:юэ yuan:юань yun:юнь
wu:у wa:ва wo:во wai:вай wei:вэй wan:вань wen:вэнь wang:ван weng:вэн
ba:ба bai:бай ban:бань bang:бан bao:бао bei:бэй ben:бэнь beng:бэн bi:би bian:бянь
biao:бяо bie:бе bin:бинь bing:бин bo:бо bu:бу
pa:па pai:пай pan:пань pang:пан pao:пао pei:пэй pen:пэнь peng:пэн pi:пи pian:пянь
piao:пяо pie:пе pin:пинь ping:пин po:по pou:поу pu:пу
ma:ма mai:май man:мань mang:ман mao:мао me:мэ mei:мэй men:мэнь meng:мэн mi:ми
mian:мянь miao:мяо mie:ме min:минь ming:мин miu:мю mo:мо mou:моу mu:му
fa:фа fan:фань fang:фан fei:фэй fen:фэнь feng:фэн fo:фо fou:фоу fu:фу
da:да dai:дай dan:дань dang:дан dao:дао de:дэ dei:дэй den:дэнь deng:дэн di:ди
dian:дянь diao:дяо die:де ding:дин diu:дю dong:дун dou:доу du:ду duan:дуань dui:дуй
dun:дунь duo:до
ta:та tai:тай tan:тань tang:тан tao:тао te:тэ teng:тэн ti:ти tian:тянь tiao:тяо
tie:те ting:тин tong:тун tou:тоу tu:ту tuan:туань tui:туй tun:тунь tuo:то
na:на nai:най nan:нань nang:нан nao:нао ne:нэ nei:нэй nen:нэнь neng:нэн ni:ни
nian:нянь niang:нян niao:няо nie:не nin:нинь ning:нин niu:ню nong:нун nou:ноу nu:ну
nuan:нуань nuo:но nv:нюй nve:нюэ
la:ла lai:лай lan:лань lang:лан lao:лао le:лэ lei:лэй leng:лэн li:ли lia:ля
lian:лянь liang:лян liao:ляо lie:ле lin:линь ling:лин liu:лю lo:ло long:лун lou:лоу
lu:лу luan:луань lun:лунь luo:ло lv:люй lve:люэ
ga:га gai:гай gan:гань gang:ган gao:гао ge:гэ gei:гэй gen:гэнь geng:гэн gong:гун
gou:гоу gu:гу gua:гуа guai:гуай guan:гуань guang:гуан gui:гуй gun:гунь guo:го
ka:ка kai:кай kan:кань kang:кан kao:као ke:кэ kei:кэй ken:кэнь keng:кэн kong:кун
kou:коу ku:ку kua:куа kuai:куай kuan:куань kuang:куан kui:куй kun:кунь kuo:ко
ha:ха hai:хай han:хань hang:хан hao:хао he:хэ hei:хэй hen:хэнь heng:хэн hong:хун
hou:хоу hu:ху hua:хуа huai:хуай huan:хуань huang:хуан hui:хуэй hun:хунь huo:хо
ji:цзи jia:цзя jian:цзянь jiang:цзян jiao:цзяо jie:цзе jin:цзинь jing:цзин
jiong:цзюн jiu:цзю ju:цзюй juan:цзюань jue:цзюэ jun:цзюнь
qi:ци qia:ця qian:цянь qiang:цян qiao:цяо qie:це qin:цинь qing:цин qiong:цюн
qiu:цю qu:цюй quan:цюань que:цюэ qun:цюнь
xi:си xia:ся xian:сянь xiang:сян xiao:сяо xie:се xin:синь xing:син xiong:сюн
xiu:сю xu:сюй xuan:сюань xue:сюэ xun:сюнь
zha:чжа zhai:чжай zhan:чжань zhang:чжан zhao:чжао zhe:чжэ zhei:чжэй zhen:чжэнь
zheng:чжэн zhi:чжи zhong:чжун zhou:чжоу zhu:чжу zhua:чжуа zhuai:чжуай
zhuan:чжуань zhuang:чжуан zhui:чжуй zhun:чжунь zhuo:чжо
cha:ча chai:чай chan:чань chang:чан chao:чао che:чэ chen:чэнь cheng:чэн chi:чи
chong:чун chou:чоу chu:чу chua:чуа chuai:чуай chuan:чуань chuang:чуан chui:чуй
chun:чунь chuo:чо
sha:ша shai:шай shan:шань shang:шан shao:шао she:шэ shei:шэй shen:шэнь sheng:шэн
shi:ши shou:шоу shu:шу shua:шуа shuai:шуай shuan:шуань shuang:шуан shui:шуй
shun:шунь shuo:шо
ran:жань rang:жан rao:жао re:жэ ren:жэнь reng:жэн ri:жи rong:жун rou:жоу ru:жу
rua:жуа ruan:жуань rui:жуй run:жунь ruo:жо
za:цза zai:цзай zan:цзань zang:цзан zao:цзао ze:цзэ zei:цзэй zen:цзэнь zeng:цзэн
zi:цзы zong:цзун zou:цзоу zu:цзу zuan:цзуань zui:цзуй zun:цзунь zuo:цзо
ca:ца cai:цай can:цань cang:цан cao:цао ce:цэ cen:цэнь ceng:цэн ci:цы cong:цун
cou:цоу cu:цу cuan:цуань cui:цуй cun:цунь cuo:цо
sa:са sai:сай san:сань sang:сан sao:сао se:сэ sen:сэнь seng:сэн si:сы song:сун
sou:соу su:су suan:суань sui:суй sun:сунь suo:со
`)

// table reads "latin:кириллица" pairs separated by white space.
func table(s string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(s) {
		latin, cyr, ok := strings.Cut(f, ":")
		if !ok {
			panic("translit: bad table entry " + f) // a typo in this file
		}
		m[latin] = cyr
	}
	return m
}

// pinyin returns the Palladius spellings of a word written in Pinyin
// without tones (Zedong, Enlai, Xiaoping), one for each way the word
// parts into syllables ("xian": Сянь, or Си'ань written without its
// apostrophe), or none if it does not part into syllables. ü may be
// written ü, v or u after n and l.
func pinyin(word string) []string {
	w := strings.NewReplacer("ü", "v", "'", "", "’", "").Replace(strings.ToLower(word))
	return syllables(w, func(s string) []string {
		if c, ok := palladius[s]; ok {
			return []string{c}
		}
		return nil
	})
}
