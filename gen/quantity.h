/* Kubernetes resource quantities (resource.Quantity's grammar), for --memory
 * and --cpu: "512Mi", "1.5Gi", "500m", "2", "1e3". */
#ifndef OC_QUANTITY_H
#define OC_QUANTITY_H

/* Parses s; *value is in base units (bytes, cores). *binary is set when the
 * suffix is Ki/Mi/Gi/Ti/Pi/Ei, *milli when it is m. 0, or -1 if s is not a
 * quantity. */
int quantity_parse(const char *s, long double *value, int *binary, int *milli);

/* NULL when s is right for the flag, else why not (caller frees). */
char *quantity_check_memory(const char *s);
char *quantity_check_cpu(const char *s);

#endif
